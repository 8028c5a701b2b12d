#!/usr/bin/env python3
"""Packs directories of this machine into a single-layer OCI image layout (gzip) and prints nothing.

usage: make-large-image.py OUT_DIR GZIP_COMMAND PATH...   (paths relative to /)
The layer is `tar -C / -cf - PATH...` compressed by GZIP_COMMAND (e.g. "pigz -6" or "gzip -6").
"""
import hashlib, json, os, subprocess, sys

out, gzip_command, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)
tmp = os.path.join(out, "layer.tmp")

tar = subprocess.Popen(["tar", "-C", "/", "--sort=name", "-cf", "-", *paths], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
with open(tmp, "wb") as sink:
    gz = subprocess.Popen(gzip_command.split(), stdin=subprocess.PIPE, stdout=sink)
    diff = hashlib.sha256()
    size_uncompressed = 0
    while True:
        chunk = tar.stdout.read(1 << 20)
        if not chunk:
            break
        diff.update(chunk)
        size_uncompressed += len(chunk)
        gz.stdin.write(chunk)
    gz.stdin.close()
    gz.wait()
tar.wait()

def store(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return digest

blob = hashlib.sha256()
with open(tmp, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        blob.update(chunk)
layer_digest = blob.hexdigest()
os.replace(tmp, os.path.join(blobs, layer_digest))
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff.hexdigest()]},
                     "history": [{"created_by": "tar -C / " + " ".join(paths)}]}).encode()
config_digest = store(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                  "digest": "sha256:" + config_digest, "size": len(config)},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                   "digest": "sha256:" + layer_digest,
                                   "size": os.path.getsize(os.path.join(blobs, layer_digest))}]}).encode()
manifest_digest = store(manifest)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
               "digest": "sha256:" + manifest_digest, "size": len(manifest),
               "annotations": {"org.opencontainers.image.ref.name": "large"}}]}, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
print(f"{size_uncompressed}")
