//go:build tools

// Package tools pins the OpenFGA CLI for CI. `go install github.com/openfga/cli/cmd/fga@v0.7.8`
// fails on the module proxy here: the CLI's own go.mod asks for openfga v1.10.4, which the proxy
// does not serve. This module raises that requirement to the OpenFGA release CI runs (v1.22.1),
// so the CLI's embedded test server is the same OpenFGA as the real server.
package tools

import _ "github.com/openfga/cli/cmd/fga"
