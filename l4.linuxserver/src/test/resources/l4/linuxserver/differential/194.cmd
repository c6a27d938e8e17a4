which ls sh; command -v cd; type echo
