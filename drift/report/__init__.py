"""Reports: JSON (the contract other tools read), HTML for reviewers, terminal for CI."""
