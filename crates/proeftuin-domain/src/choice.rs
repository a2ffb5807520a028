//! The [`Choice`] trait: every enum that the UI shows as a choice (select, radio, checkbox list)
//! implements it, so the front-end can write one generic select component.
//!
//! This module also holds the crate-internal `choice_enum!` macro that declares such an enum
//! together with its Dutch labels and stable keys. The key of a variant is also its serde name,
//! so `serde_json::to_string(&x)` is always `"\"<key>\""`.

/// A fixed set of choices with a Dutch label and a stable ascii key per choice.
pub trait Choice: Sized + Copy + Eq + 'static {
    /// All choices, in the order the UI should show them.
    fn all() -> &'static [Self];
    /// Dutch text for the UI (B1 level).
    fn label(self) -> &'static str;
    /// Stable ascii key; also the serde name of the choice.
    fn key(self) -> &'static str;
    /// The choice with this key, if any.
    fn from_key(key: &str) -> Option<Self> {
        Self::all().iter().copied().find(|c| c.key() == key)
    }
}

/// Declares a choice enum: derives, `ALL`, `label`, `key`, `from_key` and the [`Choice`] impl.
///
/// Syntax: `Variant => "key", "Dutch label",` per variant; attributes (docs, `#[default]`) may
/// precede each variant.
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $key:literal, $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            serde::Serialize, serde::Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash,
        )]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant, )+
        }

        impl $name {
            /// All choices, in the order the UI should show them.
            pub const ALL: &'static [Self] = &[ $( Self::$variant ),+ ];

            /// Dutch text for the UI.
            pub fn label(self) -> &'static str {
                match self { $( Self::$variant => $label ),+ }
            }

            /// Stable ascii key; equal to the serde name.
            pub fn key(self) -> &'static str {
                match self { $( Self::$variant => $key ),+ }
            }

            /// The choice with this key, if any.
            pub fn from_key(key: &str) -> Option<Self> {
                match key {
                    $( $key => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        impl $crate::choice::Choice for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
            fn key(self) -> &'static str {
                $name::key(self)
            }
            fn from_key(key: &str) -> Option<Self> {
                $name::from_key(key)
            }
        }
    };
}

pub(crate) use choice_enum;
