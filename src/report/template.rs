//! The council figure template as an Excel workbook (rust_xlsxwriter, in memory): one row
//! per figure with its value (pre-filled where known), unit, source and help, and the
//! Open Government Licence attribution. Save it as CSV to read it back (`wfsim new
//! --figures`), or fill the CSV template directly.

use crate::council::{ATTRIBUTION, Figures, template_rows};
use crate::error::ReportError;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

fn xerr(e: XlsxError) -> ReportError {
    ReportError::Format(format!("template: {e}"))
}

/// The template workbook's bytes.
pub fn template_xlsx(fig: &Figures) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xerr)?;
    wb.set_properties(&DocProperties::new().set_title("wfsim council figures").set_creation_datetime(&fixed));
    let head = Format::new().set_bold().set_background_color("#E8E8E8");
    let fill = Format::new().set_background_color("#FFF8DC");
    let ws = wb.add_worksheet();
    ws.set_name("Figures").map_err(xerr)?;
    for (c, h) in ["figure", "value", "unit", "source", "help"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head).map_err(xerr)?;
    }
    let rows = template_rows(fig);
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            if c == 1 {
                ws.write_string_with_format(r, 1, v, &fill).map_err(xerr)?;
            } else {
                ws.write_string(r, c as u16, v).map_err(xerr)?;
            }
        }
    }
    let last = rows.len() as u32 + 2;
    ws.write_string(last, 0, ATTRIBUTION).map_err(xerr)?;
    for (c, w) in [(0u16, 34.0), (1, 18.0), (2, 18.0), (3, 50.0), (4, 90.0)] {
        ws.set_column_width(c, w).map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}
