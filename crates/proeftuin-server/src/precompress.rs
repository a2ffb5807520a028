//! Precompression of the bundle at start-up: writes `.br` and `.gz` siblings
//! (best quality) next to each compressible file in `dist/`, once per build,
//! so the server never spends request time compressing the large wasm file.

use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: &[&str] = &[
    "wasm",
    "js",
    "css",
    "html",
    "svg",
    "json",
    "webmanifest",
    "txt",
];

/// Compresses every compressible file under `dist` whose `.br`/`.gz` sibling is
/// missing or older. Returns how many files were written.
pub fn precompress_dir(dist: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    if !dist.is_dir() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress_dir(&path)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        for (suffix, compress) in [
            ("br", brotli_best as fn(&[u8]) -> std::io::Result<Vec<u8>>),
            ("gz", gzip_best),
        ] {
            let target = path.with_extension(format!("{ext}.{suffix}"));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .map(|t| t >= modified)
                .unwrap_or(false);
            if fresh {
                continue;
            }
            let data = std::fs::read(&path)?;
            let tmp = target.with_extension(format!("{suffix}.tmp"));
            std::fs::write(&tmp, compress(&data)?)?;
            std::fs::rename(&tmp, &target)?;
            written += 1;
        }
    }
    Ok(written)
}

fn brotli_best(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data)?;
    }
    Ok(out)
}

fn gzip_best(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data)?;
    w.finish()
}
