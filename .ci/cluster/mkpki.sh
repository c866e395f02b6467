#!/usr/bin/env bash
# A throwaway CA, the service-account key pair, serving and client certificates, and one kubeconfig per client.
# Usage: mkpki.sh DIR NODE_NAME NODE_IP
set -euo pipefail
dir=$1 node=$2 ip=$3
mkdir -p "$dir" && cd "$dir"
quiet() { "$@" 2>/dev/null; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj "/CN=s3m-test-ca"
quiet openssl genrsa -out sa.key 2048 && quiet openssl rsa -in sa.key -pubout -out sa.pub
cert() {   # NAME CN ORG [SANS]: a key and a certificate signed by the CA; with SANs also a serving certificate
  local name=$1 cn=$2 org=$3 sans=${4:-}
  quiet openssl genrsa -out "$name.key" 2048
  quiet openssl req -new -key "$name.key" -out "$name.csr" -subj "/CN=$cn${org:+/O=$org}"
  if [ -n "$sans" ]; then printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$sans" > "$name.ext"
  else printf 'extendedKeyUsage=clientAuth\n' > "$name.ext"; fi
  quiet openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 30 -extfile "$name.ext"
  rm -f "$name.csr" "$name.ext"
}
cert apiserver kube-apiserver "" \
  "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:10.96.0.1,IP:$ip"
cert kubelet-server "$node" "" "DNS:$node,DNS:localhost,IP:127.0.0.1,IP:$ip"
cert admin admin system:masters
cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
cert kubelet "system:node:$node" system:nodes
cert controller-manager system:kube-controller-manager ""
cert scheduler system:kube-scheduler ""
cert kube-proxy system:kube-proxy ""
cert netpol s3m-kube-router system:masters
for user in admin kubelet controller-manager scheduler kube-proxy netpol; do
  cat > "$user.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: s3m-test
  cluster: {server: "https://127.0.0.1:6443", certificate-authority: "$dir/ca.crt"}
users:
- name: $user
  user: {client-certificate: "$dir/$user.crt", client-key: "$dir/$user.key"}
contexts:
- name: s3m-test
  context: {cluster: s3m-test, user: $user}
current-context: s3m-test
KC
done
