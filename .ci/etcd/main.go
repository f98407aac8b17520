// Command etcd is the etcd server of the release Kubernetes 1.33 pins (v3.5.21), built from
// its Go module: the etcd repository's own main is this one call, in a module the proxy
// does not serve as a command.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
