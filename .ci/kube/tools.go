//go:build tools

// Package kube pins the Kubernetes API server and kubectl CI validates the stacks against.
// `go install k8s.io/kubernetes/cmd/kube-apiserver@…` fails: the kubernetes module replaces
// its staging modules (k8s.io/api, k8s.io/apiserver, …) with paths inside its own
// repository. This module requires the same release and points each staging module at its
// published version, so both commands build from the Go module proxy.
package kube

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
