package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	eventingconfig "knative.dev/eventing/pkg/apis/config"
	"sigs.k8s.io/yaml"
)

// eventingContext carries Eventing's broker defaults as a cluster has them: the release's
// config-br-defaults ConfigMap (its YAML in the eventing module, named by
// HOI_KNATIVE_BROKER_DEFAULTS), with what the KnativeEventing among the objects sets in
// spec.config.br-defaults on top, as the operator writes it.
func eventingContext(ctx context.Context, raws []json.RawMessage) (context.Context, error) {
	path := os.Getenv("HOI_KNATIVE_BROKER_DEFAULTS")
	if path == "" {
		return nil, fmt.Errorf("HOI_KNATIVE_BROKER_DEFAULTS must name the release's config-br-defaults YAML")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var release corev1.ConfigMap
	if err := yaml.Unmarshal(text, &release); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data := release.Data
	for _, raw := range raws {
		var o struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Spec       struct {
				Config map[string]map[string]string `json:"config"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(raw, &o); err == nil && o.Kind == "KnativeEventing" &&
			o.APIVersion == "operator.knative.dev/v1beta1" {
			for k, v := range o.Spec.Config["br-defaults"] {
				data[k] = v
			}
		}
	}
	defaults, err := eventingconfig.NewDefaultsConfigFromMap(data)
	if err != nil {
		return nil, fmt.Errorf("broker defaults: %w", err)
	}
	return eventingconfig.ToContext(ctx, &eventingconfig.Config{Defaults: defaults}), nil
}
