//! The ink, muted text and grid colours and the explicitly placed text style that the
//! analysis charts (tornado, optimisation frontier) share, so they look like one set.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const INK: RGBColor = RGBColor(0x11, 0x11, 0x11);
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// Sans-serif text of `size` px in `color`, anchored horizontally at `h`, centred vertically.
pub fn style(size: f64, color: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).color(color).pos(Pos::new(h, VPos::Center))
}
