// Command etcd is etcd's own server main, built from a module of ours: go.etcd.io/etcd/server/v3
// carries replace directives, so it cannot be installed with `go install module@version`.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
