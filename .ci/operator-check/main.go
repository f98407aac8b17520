// Command operator-check runs the admission checks of the operators the platform depends on,
// in process, on a JSON array of Kubernetes objects read from stdin, and prints a JSON
// array of the refusals (empty when every object passes).
//
// Knative: each object is decoded strictly into its Go API type (unknown fields refused, as
// Knative's webhook decodes), defaulted (SetDefaults) and validated (Validate) within a create,
// with Serving's configuration (features, defaults, autoscaler) taken from the KnativeServing
// among the objects, as the operator writes it into Serving's ConfigMaps, and Eventing's
// broker defaults from the release's ConfigMap (eventing-config.go).
//
// CloudNativePG: its webhook is internal to its module, so only its image rule runs, with the
// parsers its webhook uses (github.com/cloudnative-pg/machinery): a Cluster's imageName needs a
// tag that is a PostgreSQL version, neither "latest" nor the digest alone.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
)

type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
}

type refusal struct {
	Object  string `json:"object"`
	Message string `json:"message"`
}

func main() {
	var raws []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&raws); err != nil {
		fmt.Fprintln(os.Stderr, "operator-check: stdin must be a JSON array of objects:", err)
		os.Exit(2)
	}
	ctx, err := servingContext(context.Background(), raws)
	if err == nil {
		ctx, err = eventingContext(ctx, raws)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "operator-check:", err)
		os.Exit(2)
	}
	refusals := []refusal{}
	for _, raw := range raws {
		var o object
		if err := json.Unmarshal(raw, &o); err != nil {
			refusals = append(refusals, refusal{"?", err.Error()})
			continue
		}
		name := fmt.Sprintf("%s %s %s/%s", o.APIVersion, o.Kind, o.Metadata.Namespace, o.Metadata.Name)
		if msg := check(ctx, o, raw); msg != "" {
			refusals = append(refusals, refusal{name, msg})
		}
	}
	out, _ := json.Marshal(refusals)
	fmt.Println(string(out))
}

// strict decodes as the Knative webhook does: a field the Go type does not know is an error.
func strict(raw json.RawMessage, into any) error {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}
