//! The partner logo: checked and embedded once, drawn fitted to a box
//! (on the cover and in every page header).

use printpdf::{Op, PdfDocument, Pt, RawImage, XObjectId, XObjectTransform};

use super::writer::Writer;
use crate::ReportError;

/// An embedded image and its size in pixels.
pub(super) type Logo = (XObjectId, f32, f32);

/// Checks that `png` is an image the report can draw; returns its size in
/// pixels.
pub fn check_logo(png: &[u8]) -> Result<(usize, usize), ReportError> {
    let image = RawImage::decode_from_bytes(png, &mut Vec::new()).map_err(ReportError::BadLogo)?;
    Ok((image.width, image.height))
}

/// Decodes the logo's PNG bytes and adds the image to `doc`.
pub(super) fn embed(doc: &mut PdfDocument, png: &[u8]) -> Result<Logo, ReportError> {
    let image = RawImage::decode_from_bytes(png, &mut Vec::new()).map_err(ReportError::BadLogo)?;
    let (w, h) = (image.width as f32, image.height as f32);
    Ok((doc.add_image(&image), w, h))
}

/// The size a logo is drawn at to fit `max_w` x `max_h`, keeping its shape.
pub(super) fn size(logo: &Logo, max_w: f32, max_h: f32) -> (f32, f32) {
    let (_, pw, ph) = logo;
    let scale = (max_w / pw).min(max_h / ph);
    (pw * scale, ph * scale)
}

pub(super) fn draw(w: &mut Writer, logo: &Logo, x: f32, y: f32, max_w: f32, max_h: f32) {
    let (id, pw, ph) = logo;
    let scale = (max_w / pw).min(max_h / ph);
    w.ops().push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(y)),
            scale_x: Some(scale),
            scale_y: Some(scale),
            dpi: Some(72.0),
            ..Default::default()
        },
    });
}
