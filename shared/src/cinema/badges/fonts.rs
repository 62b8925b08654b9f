//! The built-in faces (DejaVu Sans Condensed, regular and bold), parsed once per process, and
//! their metrics: text is measured exactly as the PDF will set it.

use anyhow::Context;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use anyhow::anyhow;
use printpdf::ParsedFont;

use crate::Result;

/// Glyph box of DejaVu Sans, in ems: caps' height and descenders' depth.
pub(super) const CAP_HEIGHT: f32 = 0.73;
pub(super) const ELLIPSIS: char = '…';

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansCondensed.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// Both faces, parsed once per process.
pub(super) static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        regular: Face::parse(REGULAR_TTF)?,
        bold: Face::parse(BOLD_TTF)?,
    })
});

pub(super) struct Faces {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

impl Faces {
    pub(super) fn get(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// A font's bytes and metrics: enough to measure text exactly as the PDF will set it (printpdf
/// applies no kerning).
pub(super) struct Face {
    ttf: &'static [u8],
    pub(super) font: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn parse(ttf: &'static [u8]) -> Option<Self> {
        let font = ParsedFont::from_bytes(ttf, 0, &mut Vec::new())?;
        let units_per_em = f32::from(font.units_per_em.max(1));
        Some(Self {
            ttf,
            font,
            units_per_em,
        })
    }

    pub(super) fn glyph(&self, c: char) -> Option<u16> {
        self.font
            .lookup_glyph_index(u32::from(c))
            .filter(|gid| *gid != 0)
    }

    /// `c`'s advance, in ems.
    pub(super) fn advance(&self, c: char) -> f32 {
        let gid = self.glyph(c).unwrap_or(0);
        f32::from(self.font.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em
    }

    /// `text`'s width at `size` points, in points.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// This face cut down to the glyphs of `chars` (and .notdef), parsed back: what the PDF
    /// embeds. Its own cmap maps the same characters to the renumbered glyphs.
    pub(super) fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};

        let glyphs: BTreeSet<u16> = chars.iter().filter_map(|c| self.glyph(*c)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let file = ReadScope::new(self.ttf)
            .read::<FontData<'_>>()
            .map_err(|e| anyhow!("reading the badge font: {e:?}"))?;
        let provider = file
            .table_provider(0)
            .map_err(|e| anyhow!("reading the badge font's tables: {e:?}"))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| anyhow!("subsetting the badge font: {e:?}"))?;
        Ok(ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
            .context("the badge font's subset does not parse")?)
    }
}
