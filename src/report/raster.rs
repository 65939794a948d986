//! The bitmap backend for PNG charts, with text drawn from the embedded DejaVu Sans by
//! ab_glyph here rather than by plotters' font system, so that the same code renders the
//! same pixels natively and in WebAssembly (where plotters would ask the browser's DOM).
//!
//! Text is laid out and rasterised exactly as plotters' own ab_glyph font does (advance plus
//! kerning for the width, `size / 1.24` for the height, glyph coverage as alpha), so the
//! pictures match what plotters' bitmap backend drew with that font registered.

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The embedded font for PNG text (DejaVu Sans; licence in assets/fonts). Bold text uses it
/// too, as plotters did with only the regular face registered.
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// A [`BitMapBackend`] whose text comes from [`FONT`].
pub struct GlyphBackend<'a> {
    inner: BitMapBackend<'a>,
    font: FontRef<'static>,
}

type Error = plotters_bitmap::BitMapBackendError;
type Res = Result<(), DrawingErrorKind<Error>>;

impl<'a> GlyphBackend<'a> {
    /// A backend drawing into an RGB buffer of `size` pixels.
    pub fn with_buffer(buf: &'a mut [u8], size: (u32, u32)) -> Result<Self, String> {
        let font = FontRef::try_from_slice(FONT).map_err(|_| "chart: the embedded font could not be read")?;
        Ok(Self { inner: BitMapBackend::with_buffer(buf, size), font })
    }

    /// Width and height of `text` at `size` pixels, as plotters' ab_glyph font reports them.
    fn layout(&self, size: f64, text: &str) -> (i32, i32) {
        let font = self.font.as_scaled(size as f32);
        let mut width = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            width += font.h_advance(id);
            if let Some(p) = prev {
                width += font.kern(p, id);
            }
            prev = Some(id);
        }
        (width as i32, (size / 1.24) as i32)
    }
}

impl DrawingBackend for GlyphBackend<'_> {
    type ErrorType = Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Res {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Res {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Res {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, (iw, ih): (u32, u32), src: &[u8]) -> Res {
        self.inner.blit_bitmap(pos, (iw, ih), src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Error>> {
        let (w, h) = self.layout(style.size(), text);
        let (w, h) = style.transform().transform(w, h);
        Ok((w.unsigned_abs(), h.unsigned_abs()))
    }

    /// As plotters' default `draw_text` with its ab_glyph font: anchor by the layout box,
    /// then each glyph's coverage as the alpha of the text colour.
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Res {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let size = style.size();
        let (width, height) = self.layout(size, text);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let trans = style.transform();
        let (w, h) = self.get_size();
        let font = self.font.as_scaled(size as f32);
        let mut x_shift = 0f32;
        let mut prev = None;
        for c in text.chars() {
            if let Some(p) = prev {
                x_shift += font.kern(font.glyph_id(p), font.glyph_id(c));
            }
            prev = Some(c);
            if let Some(q) = font.outline_glyph(font.scaled_glyph(c)) {
                let rect = q.px_bounds();
                let y_shift = ((size as f32) / 2.0 + rect.min.y) as i32;
                let x0 = x_shift as i32;
                let mut buf = vec![];
                q.draw(|x, y, a| buf.push((x, y, a)));
                for (x, y, a) in buf {
                    let (x, y) = trans.transform(x as i32 + x0 + dx, y as i32 + y_shift + dy);
                    let (x, y) = (pos.0 + x, pos.1 + y);
                    if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                        self.inner.draw_pixel((x, y), color.mix(a as f64))?;
                    }
                }
            }
            x_shift += font.h_advance(font.glyph_id(c));
        }
        Ok(())
    }
}
