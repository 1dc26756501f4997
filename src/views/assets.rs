//! Static assets (`assets/`: our CSS/JS and the vendored Designsystemet and YASGUI files),
//! embedded in the binary and served at `/assets/{path}` with long cache lifetimes. Pages link
//! them with a content hash in the query (`?v=`), so a changed file is a new URL.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
pub struct Assets;

/// One year: URLs carry the content hash, so a cached copy is never stale.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

pub struct Asset {
    pub body: std::borrow::Cow<'static, [u8]>,
    pub content_type: String,
    /// Strong validator from the content hash.
    pub etag: String,
}

pub fn get(path: &str) -> Option<Asset> {
    let file = Assets::get(path)?;
    let hash = hex::encode(&file.metadata.sha256_hash()[..12]);
    let mime = file.metadata.mimetype();
    let content_type = if mime.starts_with("text/") || mime.ends_with("javascript") || mime.ends_with("json") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    Some(Asset { body: file.data, content_type, etag: format!("\"{hash}\"") })
}

/// `/assets/{path}?v={hash}`; a missing file still gets a plain URL (and a 404 when fetched).
pub fn versioned_url(path: &str) -> String {
    match Assets::get(path) {
        Some(f) => format!("/assets/{path}?v={}", hex::encode(&f.metadata.sha256_hash()[..6])),
        None => format!("/assets/{path}"),
    }
}
