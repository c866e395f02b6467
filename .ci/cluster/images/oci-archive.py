#!/usr/bin/env python3
"""Packs a directory as a one-layer OCI image archive that `ctr images import` accepts (no registry, no docker).
Usage: oci-archive.py ROOTFS IMAGE_REF OUT.tar ENTRYPOINT_JSON"""
import hashlib, io, json, os, sys, tarfile


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer(root):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, dirs, files in os.walk(root):
            dirs.sort()
            for name in dirs + sorted(files):
                full = os.path.join(path, name)
                info = tar.gettarinfo(full, arcname=os.path.relpath(full, root))
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0  # same bytes, same digest on every machine
                if info.isreg():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return out.getvalue()


def main(root, ref, out, entrypoint):
    blob = layer(root)
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Env": ["PATH=/bin"], "Entrypoint": json.loads(entrypoint) or None, "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [digest(blob)]},
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest(blob), "size": len(blob)}],
    }).encode()
    index = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest(manifest),
                       "size": len(manifest), "annotations": {"io.containerd.image.name": ref,
                                                              "org.opencontainers.image.ref.name": ref.rsplit(":", 1)[1]}}],
    }).encode()
    with tarfile.open(out, "w") as tar:
        for name, data in [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index)] + \
                          [("blobs/sha256/" + digest(b)[7:], b) for b in (blob, config, manifest)]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


main(*sys.argv[1:5])
