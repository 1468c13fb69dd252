//! Shell completions and manual pages, generated from the clap definitions
//! (so they list exactly the flags the binary takes).

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use clap::CommandFactory;
use std::process::ExitCode;

pub fn completions(CompletionsArgs { shell }: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "accolade", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

pub fn man(ManArgs { output }: ManArgs) -> anyhow::Result<ExitCode> {
    let command = Cli::command();
    match output {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", dir.display()))?;
            clap_mangen::generate_to(command, &dir)
                .map_err(|e| anyhow::anyhow!("cannot write the manual pages into {}: {e}", dir.display()))?;
            println!("wrote the manual pages into {} (accolade.1 and one per command)", dir.display());
        }
        None => clap_mangen::Man::new(command).render(&mut std::io::stdout())?,
    }
    Ok(ExitCode::SUCCESS)
}
