print("firstkey-sim")
