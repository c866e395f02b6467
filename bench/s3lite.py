"""A tiny S3 client (Python stdlib only) for the benchmark's own chores: bulk-load the source, reset and
list the destination, check what each tool left behind. It is never the thing being measured.

SigV4 with UNSIGNED-PAYLOAD over http or https (trusting a given CA file) to 127.0.0.1; one keep-alive
connection per thread.
"""
import datetime
import hashlib
import hmac
import http.client
import re
import ssl
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
_UNSIGNED = "UNSIGNED-PAYLOAD"


class S3Error(Exception):
    pass


class S3:
    def __init__(self, endpoint, access_key, secret_key, region="us-east-1", ca_file=None):
        parsed = urllib.parse.urlparse(endpoint)
        self.https = parsed.scheme == "https"
        self.host, self.port = parsed.hostname, parsed.port or (443 if self.https else 80)
        self.tls = ssl.create_default_context(cafile=ca_file) if self.https else None
        self.host_header = f"{self.host}:{self.port}"
        self.access_key, self.secret_key, self.region = access_key, secret_key, region
        self._local = threading.local()

    # --- transport -------------------------------------------------------------------------------------
    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.https:
                conn = http.client.HTTPSConnection(self.host, self.port, timeout=120, blocksize=1 << 20,
                                                   context=self.tls)
            else:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=120, blocksize=1 << 20)
            self._local.conn = conn
        return conn

    def _sign(self, method, path, query, headers):
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        headers = {k.lower(): str(v).strip() for k, v in headers.items()}
        headers.update({"host": self.host_header, "x-amz-date": amz_date, "x-amz-content-sha256": _UNSIGNED})
        signed = sorted(headers)
        canonical_query = "&".join(
            f"{_q(k)}={_q(v)}" for k, v in sorted(query.items()))
        canonical = "\n".join([method, _q(path, "/~"), canonical_query,
                               "".join(f"{h}:{headers[h]}\n" for h in signed), ";".join(signed), _UNSIGNED])
        scope = f"{day}/{self.region}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + self.secret_key).encode()
        for part in (day, self.region, "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.access_key}/{scope}, "
                                    f"SignedHeaders={';'.join(signed)}, Signature={signature}")
        return headers

    def request(self, method, bucket, key="", query=None, headers=None, body=None, sink=None, ok=(200, 204)):
        query = query or {}
        path = "/" + bucket + ("/" + key if key else "")
        signed = self._sign(method, path, query, headers or {})
        url = _q(path, "/~") + ("?" + "&".join(f"{_q(k)}={_q(v)}" for k, v in sorted(query.items())) if query else "")
        for attempt in range(3):
            conn = self._conn()
            try:
                conn.request(method, url, body=body, headers=signed)
                resp = conn.getresponse()
                if sink is not None and resp.status in ok:
                    buf = bytearray(1 << 20)
                    while (n := resp.readinto(buf)) > 0:
                        sink(memoryview(buf)[:n])
                    data = b""
                else:
                    data = resp.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                conn.close()
                self._local.conn = None
                if attempt == 2 or (body is not None and hasattr(body, "read")):
                    raise
        if resp.status not in ok:
            raise S3Error(f"{method} {path}: HTTP {resp.status} {data[:300]!r}")
        return resp, data

    # --- operations ------------------------------------------------------------------------------------
    def create_bucket(self, bucket):
        self.request("PUT", bucket, ok=(200, 409))

    def delete_bucket_force(self, bucket):
        """MinIO's force delete drops a bucket with its objects in one call."""
        self.request("DELETE", bucket, headers={"x-minio-force-delete": "true"}, ok=(200, 204, 404))

    def put(self, bucket, key, data, content_type="application/octet-stream"):
        self.request("PUT", bucket, key, headers={"content-type": content_type, "content-length": len(data)},
                     body=data)

    def put_file(self, bucket, key, path, size):
        with open(path, "rb") as f:
            self.request("PUT", bucket, key, headers={"content-length": size}, body=f)

    def put_file_in_parts(self, bucket, key, path, size, part_size):
        """A multipart upload of the file in parts of part_size (the last one shorter), one after another."""
        _, body = self.request("POST", bucket, key, query={"uploads": ""}, ok=(200,))
        upload_id = re.search(rb"<UploadId>([^<]+)</UploadId>", body).group(1).decode()
        etags = []
        with open(path, "rb") as f:
            for number, offset in enumerate(range(0, size, part_size), start=1):
                chunk = f.read(min(part_size, size - offset))
                resp, _ = self.request("PUT", bucket, key, query={"partNumber": str(number), "uploadId": upload_id},
                                       headers={"content-length": len(chunk)}, body=chunk, ok=(200,))
                etags.append(resp.getheader("ETag"))
        xml = "<CompleteMultipartUpload>" + "".join(
            f"<Part><PartNumber>{i}</PartNumber><ETag>{e}</ETag></Part>" for i, e in enumerate(etags, start=1)) + \
            "</CompleteMultipartUpload>"
        self.request("POST", bucket, key, query={"uploadId": upload_id}, headers={"content-length": len(xml)},
                     body=xml.encode(), ok=(200,))

    def get_to_null(self, bucket, key):
        total = 0

        def count(chunk):
            nonlocal total
            total += len(chunk)
        self.request("GET", bucket, key, sink=count)
        return total

    def list(self, bucket, prefix=""):
        """[(key, size, etag)] in key order, every page."""
        out, token = [], None
        while True:
            query = {"list-type": "2", "max-keys": "1000"}
            if prefix:
                query["prefix"] = prefix
            if token:
                query["continuation-token"] = token
            _, data = self.request("GET", bucket, query=query, ok=(200,))
            root = ET.fromstring(data)
            for c in root.iter(_NS + "Contents"):
                out.append((c.findtext(_NS + "Key"), int(c.findtext(_NS + "Size")),
                            c.findtext(_NS + "ETag").strip('"')))
            if root.findtext(_NS + "IsTruncated") != "true":
                return out
            token = root.findtext(_NS + "NextContinuationToken")


def _q(value, safe="~"):
    return urllib.parse.quote(value, safe=safe)


def parallel(fn, items, workers=32):
    """Runs fn(item) on a thread pool; raises the first error."""
    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(fn, items):
            pass
