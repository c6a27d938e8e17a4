echo abc | rev; seq 3 | tac
