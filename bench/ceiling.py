#!/usr/bin/env python3
"""The servers' own GET+PUT ceiling for large objects: read every source object with parallel ranged GETs
(discarded) while, at the same time, uploading the same bytes (staged on tmpfs, mmapped, zero-copy
sends) to the destination as parallel multipart parts. No checksums, no buffering in between: what is left
is the servers' and the loopback's cost. Run by bench.py as a measured child.

Usage: ceiling.py CONFIG.json   (endpoints, keys, buckets, [[key, file, size]], part size, parallelism)
"""
import json
import mmap
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3lite  # noqa: E402


def main(path):
    with open(path) as f:
        cfg = json.load(f)
    src = s3lite.S3(cfg["src"]["endpoint"], cfg["src"]["access_key"], cfg["src"]["secret_key"],
                    ca_file=cfg["src"].get("ca_file"))
    dst = s3lite.S3(cfg["dst"]["endpoint"], cfg["dst"]["access_key"], cfg["dst"]["secret_key"],
                    ca_file=cfg["dst"].get("ca_file"))
    part, par = cfg["part_size"], cfg["parallelism"]
    objects = cfg["objects"]
    gets = [(k, off, min(part, size - off)) for k, _, size in objects for off in range(0, size, part)]

    def get(item):
        k, off, n = item
        src.request("GET", cfg["src_bucket"], k, headers={"range": f"bytes={off}-{off + n - 1}"},
                    sink=lambda chunk: None, ok=(206,))

    def put_object(obj):
        k, file, size = obj
        _, body = dst.request("POST", cfg["dst_bucket"], k, query={"uploads": ""}, ok=(200,))
        upload_id = re.search(rb"<UploadId>([^<]+)</UploadId>", body).group(1).decode()
        with open(file, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            view = memoryview(mm)

            def put_part(i):
                off = i * part
                chunk = view[off:off + part]
                resp, _ = dst.request("PUT", cfg["dst_bucket"], k, query={"partNumber": str(i + 1), "uploadId": upload_id},
                                      headers={"content-length": len(chunk)}, body=chunk, ok=(200,))
                chunk.release()
                return resp.getheader("ETag")
            with ThreadPoolExecutor(max(1, par // len(objects))) as pool:
                etags = list(pool.map(put_part, range((size + part - 1) // part)))
            view.release()
        xml = "<CompleteMultipartUpload>" + "".join(
            f"<Part><PartNumber>{i + 1}</PartNumber><ETag>{e}</ETag></Part>" for i, e in enumerate(etags)) + \
            "</CompleteMultipartUpload>"
        data = xml.encode()
        dst.request("POST", cfg["dst_bucket"], k, query={"uploadId": upload_id},
                    headers={"content-length": len(data)}, body=data, ok=(200,))

    with ThreadPoolExecutor(par + len(objects)) as pool:
        puts = [pool.submit(put_object, o) for o in objects]
        for f in [pool.submit(get, g) for g in gets] + puts:
            f.result()


if __name__ == "__main__":
    main(sys.argv[1])
