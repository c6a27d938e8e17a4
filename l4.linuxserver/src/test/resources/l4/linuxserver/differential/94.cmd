echo AbC | tr '[:upper:]' '[:lower:]'
