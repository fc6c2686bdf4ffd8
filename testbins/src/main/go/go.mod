module zlx.dev/testbins

go 1.19
