//! Thin wrappers around browser APIs: random ids and secrets, the clock in
//! local time, downloading text as a file and reading a chosen file, asking to keep
//! this site's storage. Errors
//! come back as values, never as panics.

use chrono::{DateTime, Local, Utc};
use proeftuin_domain::wire::secret_from_bytes;
use wasm_bindgen::JsCast;

/// Fills `bytes` from the browser's crypto source; false when there is none.
fn crypto_random(bytes: &mut [u8]) -> bool {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(bytes).is_ok())
}

/// A new random id (128 bits, hex) from the browser's crypto source.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if !crypto_random(&mut bytes) {
        // Fallback for very old browsers: Math.random is good enough for local ids.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret: 32 bytes from the browser's crypto source, written as the
/// server writes its own ([`secret_from_bytes`]). `None` without that source:
/// a secret never comes from `Math.random`.
pub fn new_secret() -> Option<String> {
    let mut bytes = [0u8; 32];
    crypto_random(&mut bytes).then(|| secret_from_bytes(&bytes))
}

/// The current time.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Today's date where the user is.
pub fn today() -> chrono::NaiveDate {
    now().with_timezone(&Local).date_naive()
}

thread_local! {
    /// Today, as a signal that changes when the date does (see [`today_tracked`]). Not owned
    /// by any component: it lives as long as the page.
    static TODAY: leptos::prelude::ArcRwSignal<chrono::NaiveDate> = {
        use leptos::prelude::{ArcRwSignal, GetUntracked, Set};
        use wasm_bindgen::closure::Closure;
        let today_signal = ArcRwSignal::new(today());
        let refresh = {
            let s = today_signal.clone();
            Closure::<dyn Fn()>::new(move || {
                let t = today();
                if s.get_untracked() != t {
                    s.set(t);
                }
            })
        };
        if let Some(w) = web_sys::window() {
            let f = refresh.as_ref().unchecked_ref();
            // When the tab comes back (a laptop opened the next morning), and every ten minutes.
            let _ = w.add_event_listener_with_callback("visibilitychange", f);
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(f, 600_000);
        }
        refresh.forget();
        today_signal
    };
}

/// Today's date, read reactively: a memo that reads it runs again when the date changes,
/// also in a step that stays built for hours (step 6).
pub fn today_tracked() -> chrono::NaiveDate {
    use leptos::prelude::Get;
    TODAY.with(|s| s.get())
}

/// "14:05" in the user's local time.
pub fn format_clock(t: DateTime<Utc>) -> String {
    proeftuin_domain::format::clock(&t.with_timezone(&Local))
}

/// "22-11-2026 14:05" in the user's local time.
pub fn format_date_time(t: DateTime<Utc>) -> String {
    proeftuin_domain::format::date_time(&t.with_timezone(&Local))
}

/// A server time (RFC 3339) as "22-11-2026 14:05" in local time; the text itself
/// when it cannot be read.
pub fn format_server_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| format_date_time(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Offers `text` to the user as a file download.
pub fn download_text(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |_| "Het bestand kon niet worden gemaakt.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.set_attribute("hidden", "").map_err(fail)?;
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke later: some browsers start the download asynchronously.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

/// Reads a chosen file as text.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let promise = file.text();
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| "Het bestand kon niet worden gelezen.".to_string())?;
    value
        .as_string()
        .ok_or_else(|| "Het bestand bevat geen tekst.".to_string())
}

/// A file name made of safe characters, from a proeftuin's name.
pub fn safe_file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "proeftuin".into()
    } else {
        stem.chars().take(60).collect()
    }
}

/// Asks the browser to keep this site's storage for good (`navigator.storage.persist()`;
/// Chromium decides by itself, e.g. yes for an installed app). `Some(true)`: kept until the
/// user clears it; `Some(false)`: the browser may clear it after a while without visits;
/// `None`: the browser cannot say (no storage API, e.g. on a plain-HTTP address in a LAN).
pub async fn keep_storage() -> Option<bool> {
    use wasm_bindgen_futures::JsFuture;
    let storage = web_sys::window()?.navigator().storage();
    if JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()?
    {
        return Some(true);
    }
    JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?
        .as_bool()
}
