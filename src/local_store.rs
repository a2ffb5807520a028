//! Local storage of proeftuinen on this device, and the one place that names a `ptw.*`
//! key: the document (`ptw.doc.<id>`), its sync record (`ptw.sync.<id>`), its open conflicts
//! (`ptw.conflicts.<id>`), a share not yet confirmed by the server (`ptw.share.<id>`), the
//! assessor links made here (`ptw.rounds.<id>`), an assessor's own copy, record, personal
//! secret and proposed one (`ptw.assess.<id>.<secret prefix>[.info|.sleutel|.voorstel]`) and
//! this tab's id (`ptw.tab`, in
//! sessionStorage). Writes are read back and compared; a full storage is reported as
//! [`SaveError::QuotaFull`] so the edit can stay in memory. Entries that cannot be read are
//! never overwritten or deleted silently.

use chrono::{DateTime, Utc};
use proeftuin_domain::storage::{parse_stored, stored_json};
use proeftuin_domain::{Access, Proeftuin};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// Prefix of every document key.
pub const DOC_KEY_PREFIX: &str = "ptw.doc.";

/// Key of a document.
pub fn doc_key(id: &str) -> String {
    format!("{DOC_KEY_PREFIX}{id}")
}

/// Why a save did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The browser's storage is full (quota exceeded).
    QuotaFull,
    /// Storage is switched off or not available (e.g. private mode).
    Unavailable,
    /// The value read back differs from what was written.
    NotVerified,
    /// Another failure, with the browser's message.
    Other(String),
}

impl SaveError {
    /// Plain Dutch message for the user.
    pub fn message(&self) -> String {
        match self {
            SaveError::QuotaFull => "De opslag van deze browser is vol. Je laatste wijzigingen staan nog in dit venster, maar zijn niet op dit apparaat bewaard. Exporteer de proeftuin naar een bestand, of verwijder een proeftuin die je niet meer nodig hebt.".into(),
            SaveError::Unavailable => "Deze browser staat opslaan op dit apparaat niet toe (bijvoorbeeld in een privévenster). Exporteer de proeftuin naar een bestand om je werk te bewaren.".into(),
            SaveError::NotVerified => "Opslaan is niet gelukt: wat werd teruggelezen klopt niet. Exporteer de proeftuin naar een bestand om je werk te bewaren.".into(),
            SaveError::Other(detail) => format!("Opslaan is niet gelukt ({detail}). Exporteer de proeftuin naar een bestand om je werk te bewaren."),
        }
    }
}

/// One entry found in storage.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredEntry {
    /// A readable document.
    Ok(Box<Proeftuin>),
    /// A key whose text could not be read as a proeftuin.
    Unreadable {
        /// The storage key.
        key: String,
        /// The raw stored text, offered for download.
        raw: String,
        /// Why it could not be read (Dutch).
        reason: String,
    },
}

fn storage() -> Result<web_sys::Storage, SaveError> {
    web_sys::window()
        .ok_or(SaveError::Unavailable)?
        .local_storage()
        .map_err(|_| SaveError::Unavailable)?
        .ok_or(SaveError::Unavailable)
}

fn is_quota_error(err: &wasm_bindgen::JsValue) -> bool {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| {
            let name = String::from(e.name());
            name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED"
        })
        .unwrap_or(false)
        || err
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name() == "QuotaExceededError" || e.code() == 22)
            .unwrap_or(false)
}

/// Writes `doc` and reads it back to verify.
pub fn save(doc: &Proeftuin) -> Result<(), SaveError> {
    write_raw(&doc_key(&doc.id), &stored_json(doc))
}

/// Writes raw text under a key and reads it back to verify (also used to put a
/// deleted entry back exactly as it was).
pub fn write_raw(key: &str, text: &str) -> Result<(), SaveError> {
    let store = storage()?;
    store.set_item(key, text).map_err(|e| {
        if is_quota_error(&e) {
            SaveError::QuotaFull
        } else {
            SaveError::Other(
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "onbekende fout".into()),
            )
        }
    })?;
    match store.get_item(key) {
        Ok(Some(back)) if back == text => Ok(()),
        _ => Err(SaveError::NotVerified),
    }
}

/// Where the portfolio's read links are kept (a JSON list of links; see `crate::portfolio`).
pub const PORTFOLIO_KEY: &str = "ptw.portfolio";

/// The read links in the portfolio on this device.
pub fn portfolio_links() -> Vec<String> {
    read_json(PORTFOLIO_KEY).unwrap_or_default()
}

/// Keeps the portfolio's read links.
pub fn save_portfolio_links(links: &[String]) -> Result<(), SaveError> {
    write_json(PORTFOLIO_KEY, &links)
}

/// The raw text stored under a key, if any.
pub fn read_raw(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok()?
}

/// Removes a key (only after the user asked for it).
pub fn remove_key(key: &str) -> Result<(), SaveError> {
    storage()?
        .remove_item(key)
        .map_err(|_| SaveError::Unavailable)
}

/// Reads one document; `None` when there is none or it cannot be read.
pub fn load(id: &str) -> Option<Result<Proeftuin, String>> {
    let store = storage().ok()?;
    let raw = store.get_item(&doc_key(id)).ok()??;
    Some(parse_stored(&raw).map_err(|e| e.message()))
}

/// Every proeftuin entry on this device, readable or not.
pub fn list() -> Result<Vec<StoredEntry>, SaveError> {
    let store = storage()?;
    let len = store.length().unwrap_or(0);
    let mut keys = Vec::new();
    for i in 0..len {
        if let Ok(Some(key)) = store.key(i) {
            if key.starts_with(DOC_KEY_PREFIX) {
                keys.push(key);
            }
        }
    }
    keys.sort();
    let mut entries = Vec::new();
    for key in keys {
        let raw = store.get_item(&key).ok().flatten().unwrap_or_default();
        match parse_stored(&raw) {
            Ok(doc) if key == doc_key(&doc.id) => entries.push(StoredEntry::Ok(Box::new(doc))),
            Ok(_) => entries.push(StoredEntry::Unreadable {
                key,
                raw,
                reason: "De sleutel past niet bij de proeftuin die erin staat.".into(),
            }),
            Err(e) => entries.push(StoredEntry::Unreadable {
                key,
                raw,
                reason: e.message(),
            }),
        }
    }
    Ok(entries)
}

/// Removes a document (after the user confirmed).
pub fn remove(id: &str) -> Result<(), SaveError> {
    remove_key(&doc_key(id))
}

/// True when a document with this id is stored.
pub fn exists(id: &str) -> bool {
    storage()
        .ok()
        .and_then(|s| s.get_item(&doc_key(id)).ok().flatten())
        .is_some()
}

/// Key of a proeftuin's sync record (server revision, base copy, secret).
pub fn sync_key(id: &str) -> String {
    format!("ptw.sync.{id}")
}

/// Key of a proeftuin's open conflicts (choices the user still has to make).
pub fn conflicts_key(id: &str) -> String {
    format!("ptw.conflicts.{id}")
}

/// Key of the creation key of a share the server has not confirmed yet.
pub fn share_key(id: &str) -> String {
    format!("ptw.share.{id}")
}

/// Key of the document a pending share first sent (resent with its creation key).
pub fn share_document_key(id: &str) -> String {
    format!("ptw.share-doc.{id}")
}

/// Key of the assessor links made on this device for a proeftuin.
pub fn rounds_key(id: &str) -> String {
    format!("ptw.rounds.{id}")
}

/// Key of an assessor's own copy of a plan with their scores (per personal link).
pub fn assess_key(id: &str, secret: &str) -> String {
    let short: String = secret.chars().take(12).collect();
    format!("ptw.assess.{id}.{short}")
}

/// Key of what an assessor's device knows of their assessment (next to [`assess_key`]).
pub fn assess_record_key(id: &str, secret: &str) -> String {
    format!("{}.info", assess_key(id, secret))
}

/// Key of the personal secret an assessor's device claimed for its link's invitation
/// (next to [`assess_key`]), kept from the moment it arrives.
pub fn assess_secret_key(id: &str, secret: &str) -> String {
    format!("{}.sleutel", assess_key(id, secret))
}

/// Key of the personal secret an assessor's device proposes in its claim, kept before the
/// claim is sent, so a claim whose answer was lost is sent again with the same one.
pub fn assess_proposal_key(id: &str, secret: &str) -> String {
    format!("{}.voorstel", assess_key(id, secret))
}

/// Key (in sessionStorage) of this tab's id.
pub const TAB_KEY: &str = "ptw.tab";

/// Every key that belongs to a proeftuin besides its document (removed with it, kept for undo).
pub fn keys_of(id: &str) -> [String; 5] {
    [
        sync_key(id),
        conflicts_key(id),
        rounds_key(id),
        share_key(id),
        share_document_key(id),
    ]
}

/// What this device knows about the server copy of a proeftuin (`ptw.sync.<id>`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SyncMeta {
    /// The secret this device uses (edit or read).
    pub secret: String,
    /// What that secret allows.
    pub access: Access,
    /// The server revision `base` is.
    pub revision: i64,
    /// The last server copy this device merged with: the base of the next merge.
    #[serde(with = "proeftuin_domain::storage::as_document")]
    pub base: Proeftuin,
    /// When this device last heard from the server.
    #[serde(default)]
    pub synced_at: Option<DateTime<Utc>>,
    /// A read-only secret made from this device, to share again.
    #[serde(default)]
    pub read_secret: Option<String>,
    /// The link id of `read_secret`, to forget it when it is revoked.
    #[serde(default)]
    pub read_link_id: Option<String>,
}

/// The sync record of a proeftuin, if it is on the server.
pub fn load_meta(id: &str) -> Option<SyncMeta> {
    read_json(&sync_key(id))
}

/// Stores the sync record.
pub fn save_meta(meta: &SyncMeta) -> Result<(), SaveError> {
    write_json(&sync_key(&meta.base.id), meta)
}

/// Keeps the server's copy of a shared proeftuin, opened from a link with `secret`, on this
/// device with its sync record. Already here and synced: this device's version and its base
/// stay (the wizard syncs), only a link with more rights replaces one with fewer. A local
/// version of the same id that was never synced is kept as a copy under a new id, never
/// overwritten; its title is returned. A Dutch message when something cannot be stored.
pub fn store_shared(
    secret: String,
    access: Access,
    revision: i64,
    document: Proeftuin,
) -> Result<Option<String>, String> {
    let id = document.id.clone();
    if let Some(meta) = load_meta(&id) {
        if meta.access == Access::Read && access == Access::Edit {
            save_meta(&SyncMeta {
                secret,
                access,
                ..meta
            })
            .map_err(|e| e.message())?;
        }
        return Ok(None);
    }
    let mut copy_title = None;
    match load(&id) {
        Some(Err(_)) => {
            return Err("Op dit apparaat staat al iets onder deze proeftuin dat niet te lezen is. Download dat eerst op de pagina Mijn proeftuinen (of verwijder het), en open de link dan opnieuw.".into());
        }
        Some(Ok(local)) if local != document => {
            let mut copy = local;
            copy.id = crate::platform::new_id();
            copy.vertrekpunt.naam = format!("{} (eigen kopie)", copy.title());
            copy_title = Some(copy.vertrekpunt.naam.clone());
            save(&copy).map_err(|e| e.message())?;
        }
        _ => {}
    }
    save(&document).map_err(|e| e.message())?;
    save_meta(&SyncMeta {
        secret,
        access,
        revision,
        base: document,
        synced_at: Some(crate::platform::now()),
        read_secret: None,
        read_link_id: None,
    })
    .map_err(|e| e.message())?;
    Ok(copy_title)
}

/// After the read link `link_id` of proeftuin `id` was revoked: forgets the read secret this
/// device kept for sharing, if it is that link (or one whose id was not noted), so that a new
/// one is made next time. True when it was forgotten.
pub fn forget_read_link(id: &str, link_id: &str) -> bool {
    let Some(mut meta) = load_meta(id) else {
        return false;
    };
    let ours = meta.read_link_id.as_deref().is_none_or(|l| l == link_id);
    if !ours || meta.read_secret.is_none() {
        return false;
    }
    meta.read_secret = None;
    meta.read_link_id = None;
    let _ = save_meta(&meta);
    true
}

/// What this device's secret allows for a proeftuin on the server; `None` when it is only
/// here. Reads the record's `access` alone (the base copy is skipped, not built).
pub fn shared_access(id: &str) -> Option<Access> {
    #[derive(Deserialize)]
    struct AccessOnly {
        access: Access,
    }
    read_json::<AccessOnly>(&sync_key(id)).map(|a| a.access)
}

/// The creation key of a share of this proeftuin the server has not confirmed yet.
pub fn creation_key(id: &str) -> Option<String> {
    read_raw(&share_key(id))
}

/// Keeps (or, with `None`, forgets) the creation key of a share; the document
/// first sent with an earlier key goes either way.
pub fn set_creation_key(id: &str, key: Option<&str>) -> Result<(), SaveError> {
    remove_key(&share_document_key(id))?;
    match key {
        Some(key) => write_raw(&share_key(id), key),
        None => remove_key(&share_key(id)),
    }
}

/// The document a pending share first sent, if it is kept and readable.
pub fn creation_document(id: &str) -> Option<Proeftuin> {
    let text = read_raw(&share_document_key(id))?;
    parse_stored(&text).ok()
}

/// Keeps the document a pending share first sent.
pub fn set_creation_document(id: &str, doc: &Proeftuin) -> Result<(), SaveError> {
    write_raw(&share_document_key(id), &stored_json(doc))
}

/// This tab's id, made once and kept in sessionStorage (it survives reloads).
pub fn tab_id(new_id: impl FnOnce() -> String) -> String {
    let Some(store) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return String::new();
    };
    if let Ok(Some(id)) = store.get_item(TAB_KEY) {
        return id;
    }
    let id = new_id();
    let _ = store.set_item(TAB_KEY, &id);
    id
}

/// Reads a JSON value stored under `key`; `None` when absent or unreadable.
pub fn read_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&read_raw(key)?).ok()
}

/// Writes a JSON value under `key` (read back to verify).
pub fn write_json<T: serde::Serialize>(key: &str, value: &T) -> Result<(), SaveError> {
    let text = serde_json::to_string(value).map_err(|e| SaveError::Other(e.to_string()))?;
    write_raw(key, &text)
}
