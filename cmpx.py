import zipfile, sys, hashlib
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
na, nb = a.namelist(), b.namelist()
print("names equal", na == nb)
for n in na:
    ha = hashlib.sha256(); hb = hashlib.sha256()
    with a.open(n) as f:
        for blk in iter(lambda: f.read(1<<20), b""): ha.update(blk)
    with b.open(n) as f:
        for blk in iter(lambda: f.read(1<<20), b""): hb.update(blk)
    print(n, ha.hexdigest() == hb.hexdigest())
