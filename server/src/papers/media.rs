/// A kind of file a paper may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType(&'static str);

/// The declared type is not one a paper may be, or the bytes are not what it says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This kind of file cannot be attached. Attach a PDF, Word, Excel, PowerPoint or OpenDocument file, an image (PNG, JPEG, GIF, WebP), a text or a CSV file")]
pub struct UnsupportedMedia;

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// `(type, signature the bytes must start with; empty = text, checked as UTF-8)`.
const ALLOWED: &[(&str, &[&[u8]])] = &[
    ("application/pdf", &[b"%PDF-"]),
    ("application/msword", &[OLE]),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", &[ZIP]),
    ("application/vnd.ms-excel", &[OLE]),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &[ZIP]),
    ("application/vnd.ms-powerpoint", &[OLE]),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", &[ZIP]),
    ("application/vnd.oasis.opendocument.text", &[ZIP]),
    ("application/vnd.oasis.opendocument.spreadsheet", &[ZIP]),
    ("image/png", &[b"\x89PNG\r\n\x1a\n"]),
    ("image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("image/gif", &[b"GIF87a", b"GIF89a"]),
    ("image/webp", &[b"RIFF"]),
    ("text/plain", &[]),
    ("text/csv", &[]),
];

impl MediaType {
    /// The declared `content_type` (parameters such as `; charset=utf-8` ignored), accepted
    /// only when `bytes` look like it (so a script cannot be stored as a "PDF").
    pub fn check(content_type: &str, bytes: &[u8]) -> Result<Self, UnsupportedMedia> {
        let declared = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let (ty, signatures) = ALLOWED.iter().find(|(t, _)| *t == declared).ok_or(UnsupportedMedia)?;
        let fits = if signatures.is_empty() {
            std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0)
        } else {
            signatures.iter().any(|s| bytes.starts_with(s))
        };
        fits.then_some(MediaType(ty)).ok_or(UnsupportedMedia)
    }

    /// A stored type, as given back on download (unknown ones as plain bytes).
    pub fn stored(s: &str) -> Self {
        ALLOWED.iter().find(|(t, _)| *t == s).map_or(MediaType("application/octet-stream"), |(t, _)| MediaType(t))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// What the download's `Content-Type` says (text with its charset).
    pub fn header(self) -> String {
        if self.0.starts_with("text/") {
            format!("{}; charset=utf-8", self.0)
        } else {
            self.0.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_must_match_the_bytes() {
        assert_eq!(MediaType::check("application/pdf", b"%PDF-1.7 ...").unwrap().as_str(), "application/pdf");
        assert!(MediaType::check("application/pdf", b"<script>alert(1)</script>").is_err());
        assert!(MediaType::check("text/html", b"<p>hi</p>").is_err(), "HTML is never stored");
        assert!(MediaType::check("image/svg+xml", b"<svg/>").is_err(), "SVG can carry scripts");
        assert!(MediaType::check("text/csv; charset=utf-8", "Agency,Rate\nPolice,92%\n".as_bytes()).is_ok());
        assert!(MediaType::check("text/plain", b"\x00\x01binary").is_err());
        assert!(MediaType::check(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK\x03\x04rest"
        )
        .is_ok());
        assert_eq!(MediaType::stored("text/csv").header(), "text/csv; charset=utf-8");
        assert_eq!(MediaType::stored("text/html").as_str(), "application/octet-stream");
    }
}
