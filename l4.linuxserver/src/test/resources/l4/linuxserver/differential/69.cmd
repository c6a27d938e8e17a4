id
