trap 'echo bye' EXIT; echo work
