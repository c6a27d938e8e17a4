echo err >&2; echo out
