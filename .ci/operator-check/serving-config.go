package main

import (
	"context"
	"encoding/json"
	"fmt"

	servingconfig "knative.dev/serving/pkg/apis/config"
	autoscalerconfig "knative.dev/serving/pkg/autoscaler/config"
)

// servingContext carries Serving's configuration as the KnativeServing among the objects sets
// it (spec.config.<configmap without "config-">), or Serving's defaults when there is none.
func servingContext(ctx context.Context, raws []json.RawMessage) (context.Context, error) {
	config := map[string]map[string]string{}
	for _, raw := range raws {
		var o struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Spec       struct {
				Config map[string]map[string]string `json:"config"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(raw, &o); err == nil && o.Kind == "KnativeServing" &&
			o.APIVersion == "operator.knative.dev/v1beta1" {
			config = o.Spec.Config
		}
	}
	defaults, err := servingconfig.NewDefaultsConfigFromMap(config["defaults"])
	if err != nil {
		return nil, fmt.Errorf("KnativeServing spec.config.defaults: %w", err)
	}
	features, err := servingconfig.NewFeaturesConfigFromMap(config["features"])
	if err != nil {
		return nil, fmt.Errorf("KnativeServing spec.config.features: %w", err)
	}
	autoscaler, err := autoscalerconfig.NewConfigFromMap(config["autoscaler"])
	if err != nil {
		return nil, fmt.Errorf("KnativeServing spec.config.autoscaler: %w", err)
	}
	return servingconfig.ToContext(ctx, &servingconfig.Config{
		Defaults: defaults, Features: features, Autoscaler: autoscaler,
	}), nil
}
