package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cloudnative-pg/machinery/pkg/image/reference"
	"github.com/cloudnative-pg/machinery/pkg/postgres/version"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"
	networkingv1alpha1 "knative.dev/networking/pkg/apis/networking/v1alpha1"
	"knative.dev/pkg/apis"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
	servingv1beta1 "knative.dev/serving/pkg/apis/serving/v1beta1"
)

// knative is what the Knative webhooks admit: SetDefaults then Validate.
type knative interface {
	apis.Defaultable
	apis.Validatable
}

// knativeKinds: every Knative kind the stacks create. A Knative kind missing here is refused,
// so a new kind cannot pass unchecked.
var knativeKinds = map[string]func() knative{
	"serving.knative.dev/v1/Service":            func() knative { return &servingv1.Service{} },
	"serving.knative.dev/v1beta1/DomainMapping": func() knative { return &servingv1beta1.DomainMapping{} },
	"eventing.knative.dev/v1/Broker":            func() knative { return &eventingv1.Broker{} },
	"eventing.knative.dev/v1/Trigger":           func() knative { return &eventingv1.Trigger{} },
	"sources.knative.dev/v1/PingSource":         func() knative { return &sourcesv1.PingSource{} },
	"sources.knative.dev/v1/SinkBinding":        func() knative { return &sourcesv1.SinkBinding{} },
}

// Knative kinds that no webhook validates: decoded strictly only.
var decodedOnly = map[string]func() any{
	"networking.internal.knative.dev/v1alpha1/ClusterDomainClaim": func() any {
		return &networkingv1alpha1.ClusterDomainClaim{}
	},
}

// Groups this program answers for: any other kind of theirs is refused as unchecked.
var knativeGroups = map[string]bool{
	"serving.knative.dev": true, "eventing.knative.dev": true, "sources.knative.dev": true,
	"networking.internal.knative.dev": true, "messaging.knative.dev": true, "flows.knative.dev": true,
}

func check(ctx context.Context, o object, raw json.RawMessage) string {
	key := o.APIVersion + "/" + o.Kind
	if newObject, ok := knativeKinds[key]; ok {
		typed := newObject()
		if err := strict(raw, typed); err != nil {
			return "decoding: " + err.Error()
		}
		typed.SetDefaults(apis.WithinCreate(ctx))
		if err := typed.Validate(apis.WithinCreate(ctx)); err != nil {
			return err.Error()
		}
		return ""
	}
	if newObject, ok := decodedOnly[key]; ok {
		if err := strict(raw, newObject()); err != nil {
			return "decoding: " + err.Error()
		}
		return ""
	}
	if knativeGroups[group(o.APIVersion)] {
		return fmt.Sprintf("no in-process check for %s (add it to operator-check)", key)
	}
	if key == "postgresql.cnpg.io/v1/Cluster" {
		return cloudnativePgImage(raw)
	}
	return ""
}

func group(apiVersion string) string {
	for i := range apiVersion {
		if apiVersion[i] == '/' {
			return apiVersion[:i]
		}
	}
	return ""
}

// cloudnativePgImage is CloudNativePG 1.27's validateImageName, on its own parsers.
func cloudnativePgImage(raw json.RawMessage) string {
	var cluster struct {
		Spec struct {
			ImageName string `json:"imageName"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(raw, &cluster); err != nil {
		return err.Error()
	}
	if cluster.Spec.ImageName == "" {
		return ""
	}
	switch tag := reference.New(cluster.Spec.ImageName).Tag; tag {
	case "latest":
		return "spec.imageName: Can't use 'latest' as image tag as we can't detect upgrades"
	case "":
		return "spec.imageName: Can't use just the image sha as we can't detect upgrades"
	default:
		if _, err := version.FromTag(tag); err != nil {
			return "spec.imageName: invalid version tag"
		}
	}
	return ""
}
