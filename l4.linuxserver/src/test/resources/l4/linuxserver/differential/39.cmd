echo x | { read v; echo "v=$v"; }
