//! Byte tests eight bytes at a time, for the scans that skip ahead while no byte needs
//! them: the reader looking for control characters in input text, the exporters looking
//! for what needs escaping. The tests are the classic "has a zero byte" bit tricks on a
//! 64-bit word; a word that passes is looked at byte by byte.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The 8 bytes of `b` from `i` (which must have 8), as a little-endian word.
#[inline]
pub(crate) fn at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// Whether a byte of `w` is below `n` (at most 128).
#[inline]
pub(crate) fn has_below(w: u64, n: u8) -> bool {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI != 0
}

/// Whether a byte of `w` is `c`.
#[inline]
pub(crate) fn has(w: u64, c: u8) -> bool {
    let x = w ^ (LO * u64::from(c));
    x.wrapping_sub(LO) & !x & HI != 0
}

/// Can `b` begin a control character (`char::is_control`) in UTF-8? Those are U+0000 to
/// U+001F and U+007F, one byte each, and U+0080 to U+009F, which are C2 80 to C2 9F.
#[inline]
pub(crate) fn may_start_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == 0xc2
}

/// Whether a byte of `w` [`may_start_control`].
#[inline]
pub(crate) fn has_control_start(w: u64) -> bool {
    has_below(w, 0x20) || has(w, 0x7f) || has(w, 0xc2)
}

/// Whether `s` has a byte that [`may_start_control`].
pub(crate) fn may_have_control(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        if has_control_start(at(b, i)) {
            return true;
        }
        i += 8;
    }
    b[i..].iter().any(|&c| may_start_control(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_agree_with_byte_tests() {
        // every byte value at every place of a word, among bytes that match nothing
        for v in 0..=255u8 {
            for place in 0..8 {
                let mut b = [b'a'; 8];
                b[place] = v;
                let w = at(&b, 0);
                assert_eq!(
                    has_control_start(w),
                    may_start_control(v),
                    "{v:#x} at {place}"
                );
                assert_eq!(has(w, b'"'), v == b'"', "{v:#x} at {place}");
                assert_eq!(has_below(w, 0x20), v < 0x20, "{v:#x} at {place}");
            }
        }
        let cases = [
            ("", false),
            ("plain text, long enough", false),
            ("naïve “quotes” only", false),
        ];
        for (s, want) in cases {
            assert_eq!(may_have_control(s), want, "{s:?}");
        }
        for s in ["tab\there", "0123456789abcdef\u{7f}", "C1 \u{85}", "\0"] {
            assert!(may_have_control(s), "{s:?}");
        }
    }
}
