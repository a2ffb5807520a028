//! What a capability secret allows: shared by the server (which checks it) and
//! the app (which shows what the holder can do).

use serde::{Deserialize, Serialize};

/// What a secret allows.
///
/// The server stores it as text (no CHECK constraint), so a new kind needs no
/// table change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Read, update, delete, make links, open and close assessment rounds.
    Edit,
    /// Read the document, its history and the assessment rounds.
    Read,
    /// One assessor of one round: read the plan (without its `beoordeling`)
    /// and read, save and submit their own scores; nothing else.
    Assessor,
}

impl Access {
    /// The stored and transmitted name.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Edit => "edit",
            Access::Read => "read",
            Access::Assessor => "assessor",
        }
    }

    /// The access for a stored name; `None` for names this build does not know.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "edit" => Some(Access::Edit),
            "read" => Some(Access::Read),
            "assessor" => Some(Access::Assessor),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_the_json() {
        for a in [Access::Edit, Access::Read, Access::Assessor] {
            assert_eq!(Access::from_name(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.as_str())
            );
        }
        assert_eq!(Access::from_name("admin"), None);
    }
}
