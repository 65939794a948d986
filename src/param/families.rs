//! The distribution families a parameter can name in `dist`, with the labels and fields the
//! browser's scenario form shows for each. The form reads this table from the engine
//! (`wasm::distribution_families`) rather than keeping its own copy, and a test below keeps
//! the field names equal to those of [`super::DistInput`]. Validation's list of names
//! ([`super::DIST_NAMES`]) is read from this table.

use serde::Serialize;

/// One numeric field of a distribution (`mean`, `sd`, ...) and its label in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
}

/// A named distribution: its `dist` name, its label, and the fields the form offers for a
/// new one (the usual parametrisation; validation also accepts the alternatives).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Family {
    pub name: &'static str,
    pub label: &'static str,
    pub fields: &'static [Field],
}

/// The whole table as the form reads it: the families, and every field's label (a
/// distribution written with an alternative parametrisation shows those fields too).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Families {
    pub families: &'static [Family],
    pub fields: &'static [Field],
}

const MEAN: Field = Field { name: "mean", label: "mean" };
const SD: Field = Field { name: "sd", label: "standard deviation" };
const MU: Field = Field { name: "mu", label: "μ (log mean)" };
const SIGMA: Field = Field { name: "sigma", label: "σ (log sd)" };
const ALPHA: Field = Field { name: "alpha", label: "α" };
const BETA: Field = Field { name: "beta", label: "β" };
const SHAPE: Field = Field { name: "shape", label: "shape" };
const SCALE: Field = Field { name: "scale", label: "scale" };
const MIN: Field = Field { name: "min", label: "minimum" };
const MODE: Field = Field { name: "mode", label: "most likely" };
const MAX: Field = Field { name: "max", label: "maximum" };
const P5: Field = Field { name: "p5", label: "5th percentile" };
const P95: Field = Field { name: "p95", label: "95th percentile" };

/// Every numeric field of a distribution, in the order of [`super::DistInput`].
pub const FIELDS: [Field; 13] = [MEAN, SD, MU, SIGMA, ALPHA, BETA, SHAPE, SCALE, MIN, MODE, MAX, P5, P95];

/// The families, in the order the form and validation's messages list them.
pub const FAMILIES: [Family; 7] = [
    Family { name: "normal", label: "Normal", fields: &[MEAN, SD] },
    Family { name: "lognormal", label: "Lognormal", fields: &[MEAN, SD] },
    Family { name: "beta", label: "Beta", fields: &[ALPHA, BETA] },
    Family { name: "gamma", label: "Gamma", fields: &[MEAN, SD] },
    Family { name: "uniform", label: "Uniform", fields: &[MIN, MAX] },
    Family { name: "triangular", label: "Triangular", fields: &[MIN, MODE, MAX] },
    Family { name: "pert", label: "PERT", fields: &[MIN, MODE, MAX] },
];

/// The table handed to the browser.
pub const TABLE: Families = Families { families: &FAMILIES, fields: &FIELDS };

#[cfg(test)]
mod tests {
    use super::super::DistInput;
    use super::*;

    #[test]
    fn families_fields_are_the_fields_of_a_distribution_input() {
        // Both ways: every field here is one DistInput accepts, and every numeric field of
        // DistInput (its schema's properties, less `dist`) has a label here.
        for f in FIELDS {
            let one = serde_json::json!({ f.name: 1.0 });
            assert!(serde_json::from_value::<DistInput>(one).is_ok(), "{} is not a DistInput field", f.name);
        }
        let schema = serde_json::to_value(schemars::schema_for!(DistInput)).unwrap();
        let mut props: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "dist")
            .collect();
        let mut ours: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        props.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, props);
        for family in FAMILIES {
            assert!(family.fields.iter().all(|f| FIELDS.contains(f)), "{}", family.name);
        }
    }
}
