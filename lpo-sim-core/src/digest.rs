//! FNV-1a (64-bit) of a value's compact JSON: the short, stable identities written into files
//! (scenario and ensemble fingerprints, study-file digests). The same on every machine.

use serde::Serialize;

/// FNV-1a (64-bit) of the compact JSON of `value`, streamed (no JSON text is kept).
///
/// # Panics
/// If `value` cannot be serialised to JSON (the callers' types always can).
pub(crate) fn fnv1a64_of_json(value: &impl Serialize) -> u64 {
    let mut hash = Fnv1a(Fnv1a::OFFSET);
    serde_json::to_writer(&mut hash, value).expect("the value serialises to JSON");
    hash.0
}

/// The running hash, fed by `serde_json` as it writes.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
}

impl std::io::Write for Fnv1a {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(Fnv1a::PRIME);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a's published values: "" hashes to the offset basis, "a" to 0xaf63dc4c8601ec8c;
    /// the JSON of the string "a" is the three bytes `"a"`.
    #[test]
    fn fnv1a64_has_its_published_values() {
        let mut h = Fnv1a(Fnv1a::OFFSET);
        std::io::Write::write_all(&mut h, b"a").unwrap();
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64_of_json(&"a"), 0xd427_2417_d7c7_7eea);
        assert_eq!(fnv1a64_of_json(&()), {
            let mut h = Fnv1a(Fnv1a::OFFSET);
            std::io::Write::write_all(&mut h, b"null").unwrap();
            h.0
        });
    }
}
