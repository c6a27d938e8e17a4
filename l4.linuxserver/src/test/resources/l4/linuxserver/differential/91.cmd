echo "$(echo "$(echo nested)")"
