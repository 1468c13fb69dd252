use crate::cli::{BakeArgs, UnbakeArgs};
use accolade::art::bake::{bake_png, bake_svg, unbake as unbake_image};
use accolade::util::{fs::replace_atomically, json::parse_lenient, json::published, sniff::sniff_bytes};
use anyhow::{anyhow, bail, Context as _};
use std::process::ExitCode;

pub fn bake(BakeArgs { image, assertion, output }: BakeArgs) -> anyhow::Result<ExitCode> {
    let (image, assertion, output) = (image.as_path(), assertion.as_path(), output.as_path());
    let bytes = std::fs::read(image).with_context(|| format!("cannot read `{}`", image.display()))?;
    let text = std::fs::read_to_string(assertion).with_context(|| format!("cannot read `{}`", assertion.display()))?;
    let json: serde_json::Value =
        parse_lenient(&text).with_context(|| format!("`{}` is not JSON", assertion.display()))?;
    let id = json.get("id").and_then(|v| v.as_str()).unwrap_or_default();
    if output.exists() && output.canonicalize().ok() == image.canonicalize().ok() {
        bail!("the output would replace the input image; choose another -o");
    }
    // The assertion is embedded as it is in the file, without its final
    // newline; unless it carries accolade's own flags, which are removed with
    // the private evidence they mark, as a build does.
    let mut public = json.clone();
    if let serde_json::Value::Object(map) = &mut public {
        accolade::model::without_accolade_flags(map);
    }
    let stripped;
    let text = if public == json {
        text.trim_start_matches('\u{feff}').trim_end()
    } else {
        eprintln!("note: accolade's own flags and private evidence are left out of the baked assertion");
        stripped = String::from_utf8(published(&public)).unwrap_or_default();
        stripped.trim_end()
    };
    let baked = match sniff_bytes(&bytes) {
        Some("png") => bake_png(&bytes, text).map_err(anyhow::Error::msg)?,
        Some("svg") => {
            let svg = String::from_utf8(bytes).map_err(|_| anyhow!("`{}` is not UTF-8", image.display()))?;
            bake_svg(&svg, text, id).map_err(anyhow::Error::msg)?.into_bytes()
        }
        _ => bail!("`{}` is not a PNG or SVG image", image.display()),
    };
    replace_atomically(output, &baked)?;
    eprintln!("baked {} into {}", if id.is_empty() { "the assertion" } else { id }, output.display());
    Ok(ExitCode::SUCCESS)
}

pub fn unbake(UnbakeArgs { image }: UnbakeArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&image).with_context(|| format!("cannot read `{}`", image.display()))?;
    let text = unbake_image(&bytes).map_err(anyhow::Error::msg)?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}
