//! Byte offsets to Unicode character offsets, the offsets users see.
//!
//! [`CharIndex`] is built once per article in one pass and answers any byte offset in time
//! bounded by a small constant (a table of character counts every [`STRIDE`] bytes, then a
//! count within the stride), so converting every offset of an article stays linear.

/// Bytes between two checkpoints.
const STRIDE: usize = 64;

/// Character offsets of byte offsets in one text.
#[derive(Debug, Clone)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// Characters before byte `k * STRIDE` (rounded down to a char boundary).
    checkpoints: Vec<u32>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut chars = 0u32;
        for chunk in bytes.chunks(STRIDE) {
            checkpoints.push(chars);
            // A char starts at every byte that is not a continuation byte.
            chars += chunk.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32;
        }
        checkpoints.push(chars);
        CharIndex { text, checkpoints }
    }

    /// The character offset of byte offset `byte` (clamped to the text; a byte inside a
    /// character counts as that character's start).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = byte / STRIDE;
        let base = self.checkpoints[k] as usize;
        let from = k * STRIDE;
        base + self.text.as_bytes()[from..byte].iter().filter(|&&b| (b as i8) >= -0x40).count()
    }

    /// Characters in the whole text.
    pub fn len(&self) -> usize {
        self.char_at(self.text.len())
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_characters_not_bytes() {
        let text = "Tchouaméni’s goal";
        let c = CharIndex::new(text);
        assert_eq!(c.char_at(text.find("goal").unwrap()), 13);
        assert_eq!(c.char_at(text.len()), 17);
        assert_eq!(c.char_at(0), 0);
        assert_eq!(c.len(), 17);
    }

    proptest! {
        #[test]
        fn agrees_with_counting(s in "\\PC{0,300}") {
            let c = CharIndex::new(&s);
            for (i, _) in s.char_indices().chain([(s.len(), ' ')]) {
                prop_assert_eq!(c.char_at(i), s[..i].chars().count());
            }
        }
    }
}
