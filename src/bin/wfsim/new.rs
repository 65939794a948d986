//! `wfsim new`: start a scenario from a council's own figures (DfE's published figures for
//! the council chosen, a filled template, or both).

use crate::{CliResult, io_reason};
use clap::Args;
use std::path::PathBuf;
use wfsim::council::{self, Figures, data};

#[derive(Args)]
pub struct NewArgs {
    /// The council, by name or ONS code ("Peterborough", "E06000031"): fills in every
    /// figure DfE publishes for it.
    #[arg(long)]
    council: Option<String>,
    /// The year of the published figures (default: the latest in the data).
    #[arg(long)]
    year: Option<i32>,
    /// Write the figure template to this file (.csv or .xlsx), pre-filled for --council,
    /// instead of a scenario.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// A filled template (CSV) to derive the scenario from (on top of --council's figures).
    #[arg(long, value_name = "FILE")]
    figures: Option<PathBuf>,
    /// List the councils in the data (with --year, that year's).
    #[arg(long)]
    list: bool,
}

pub fn new_cmd(a: NewArgs) -> CliResult {
    if a.list {
        let year = a.year.unwrap_or_else(data::latest_year);
        for (code, name) in data::councils(year) {
            println!("{code}\t{name}");
        }
        return Ok(());
    }
    let (base, england) = match &a.council {
        Some(c) => council::for_council(c, a.year)?,
        None => (Figures::default(), council::england_for(a.year)?),
    };
    if let Some(path) = &a.template {
        let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if xlsx {
            wfsim::report::template::template_xlsx(&base)?
        } else {
            council::template_csv(&base).into_bytes()
        };
        std::fs::write(path, bytes).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
        eprintln!(
            "wrote {}: fill in the value column, then `wfsim new --figures {}`",
            path.display(),
            path.display()
        );
        return Ok(());
    }
    let fig = match &a.figures {
        Some(path) => {
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
                return Err(format!("{}: save the workbook as CSV to read it back", path.display()).into());
            }
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
            council::read_template(&text, base).map_err(|ps| {
                ps.iter().map(|p| format!("{}: {p}", path.display())).collect::<Vec<_>>().join("\n")
            })?
        }
        None if a.council.is_some() => base,
        None => {
            return Err(
                "say which council (--council NAME|CODE) or give --figures FILE (see --template)".into()
            );
        }
    };
    let derived = council::scenario_from(&fig, &england)
        .map_err(|ps| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))?;
    print!("{}", derived.toml);
    Ok(())
}
