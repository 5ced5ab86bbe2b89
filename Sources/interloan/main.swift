import InterloanServer
print("x")
