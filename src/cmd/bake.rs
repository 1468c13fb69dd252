use crate::cli::{BakeArgs, UnbakeArgs};
use accolade::art::bake::{
    bake_png, bake_png_credential, bake_svg, bake_svg_credential, unbake as unbake_image, Credential,
};
use accolade::util::{fs::replace_atomically, json::parse_lenient, json::published, sniff::sniff_bytes};
use anyhow::{anyhow, bail, Context as _};
use std::path::Path;
use std::process::ExitCode;

pub fn bake(BakeArgs { image, assertion, output }: BakeArgs) -> anyhow::Result<ExitCode> {
    let (image, assertion, output) = (image.as_path(), assertion.as_path(), output.as_path());
    let bytes = std::fs::read(image).with_context(|| format!("cannot read `{}`", image.display()))?;
    let text = std::fs::read_to_string(assertion).with_context(|| format!("cannot read `{}`", assertion.display()))?;
    if output.exists() && output.canonicalize().ok() == image.canonicalize().ok() {
        bail!("the output would replace the input image; choose another -o");
    }
    if let Some(jwt) = accolade::remote::ob3::jwt_of(&text) {
        let baked = bake_credential(image, bytes, Credential::Jwt(&jwt))?;
        replace_atomically(output, &baked)?;
        eprintln!("baked the Open Badges 3.0 credential (VC-JWT) into {}", output.display());
        return Ok(ExitCode::SUCCESS);
    }
    let json: serde_json::Value =
        parse_lenient(&text).with_context(|| format!("`{}` is not JSON, nor a VC-JWT", assertion.display()))?;
    let id = json.get("id").and_then(|v| v.as_str()).unwrap_or_default();
    // accolade's own flags mark an assertion's private evidence; they are
    // removed with it, as a build does.
    let mut public = json.clone();
    if let serde_json::Value::Object(map) = &mut public {
        accolade::model::without_accolade_flags(map);
    }
    if accolade::ob3::is_credential(&json) {
        // A signed credential is embedded exactly as signed; a source file
        // with flags is not what the site publishes.
        if public != json {
            bail!(
                "`{}` carries accolade's own flags: it is a source file, not a published credential; bake the one `accolade build` writes to OUTPUT/credentials/",
                assertion.display()
            );
        }
        if json.get("proof").is_none() {
            eprintln!("note: the credential has no proof, so verifiers will refuse it; bake the signed one `accolade build` writes to OUTPUT/credentials/");
        }
        let text = text.trim_start_matches('\u{feff}').trim();
        let baked = bake_credential(image, bytes, Credential::Json(text))?;
        replace_atomically(output, &baked)?;
        let what =
            if id.is_empty() { "the Open Badges 3.0 credential".to_string() } else { format!("the credential {id}") };
        eprintln!("baked {what} into {}", output.display());
        return Ok(ExitCode::SUCCESS);
    }
    // The assertion is embedded as it is in the file, without its final
    // newline; unless it carries accolade's own flags.
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
        Some("svg") => bake_svg(&svg_text(image, bytes)?, text, id).map_err(anyhow::Error::msg)?.into_bytes(),
        _ => bail!("`{}` is not a PNG or SVG image", image.display()),
    };
    replace_atomically(output, &baked)?;
    eprintln!("baked {} into {}", if id.is_empty() { "the assertion" } else { id }, output.display());
    Ok(ExitCode::SUCCESS)
}

/// The image with an Open Badges 3.0 credential baked in.
fn bake_credential(image: &Path, bytes: Vec<u8>, credential: Credential<'_>) -> anyhow::Result<Vec<u8>> {
    let baked = match sniff_bytes(&bytes) {
        Some("png") => bake_png_credential(&bytes, credential),
        Some("svg") => bake_svg_credential(&svg_text(image, bytes)?, credential).map(String::into_bytes),
        _ => bail!("`{}` is not a PNG or SVG image", image.display()),
    };
    baked.map_err(|e| anyhow!("`{}`: {e}", image.display()))
}

fn svg_text(image: &Path, bytes: Vec<u8>) -> anyhow::Result<String> {
    String::from_utf8(bytes).map_err(|_| anyhow!("`{}` is not UTF-8", image.display()))
}

pub fn unbake(UnbakeArgs { image }: UnbakeArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&image).with_context(|| format!("cannot read `{}`", image.display()))?;
    let text = unbake_image(&bytes).map_err(anyhow::Error::msg)?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}
