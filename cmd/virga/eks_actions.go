package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/virgahq/virga/internal/action"
	"github.com/virgahq/virga/providers"
)

// The Kubernetes changes of EKS on Fargate: restart a pod (delete it so
// its controller starts another), scale a deployment, rollout-restart a
// deployment. They go through the same session.mutate as every change.

func readPod(ctx context.Context, s *session, cluster, namespace, name string, m *mutateFlags) (providers.Pod, error) {
	return readAs(ctx, s, m, "pods", func(ctx context.Context, r providers.PodReader) (providers.Pod, error) {
		p, err := r.GetPod(ctx, cluster, namespace, name)
		if err != nil {
			return p, fmt.Errorf("pod %s/%s: %s", namespace, name, inCluster(cluster, err))
		}
		return p, nil
	})
}

func readKubeDeployment(ctx context.Context, s *session, cluster, namespace, name string, m *mutateFlags) (providers.KubeDeployment, error) {
	deps, err := readAs(ctx, s, m, "deployments", func(ctx context.Context, r providers.DeploymentLister) ([]providers.KubeDeployment, error) {
		deps, err := r.ListDeployments(ctx, cluster, namespace)
		if err != nil {
			return nil, errors.New(inCluster(cluster, err))
		}
		return deps, nil
	})
	if err != nil {
		return providers.KubeDeployment{}, err
	}
	for _, d := range deps {
		if d.Name == name {
			return d, nil
		}
	}
	return providers.KubeDeployment{}, fmt.Errorf("no deployment %s in namespace %s of cluster %s", name, namespace, cluster)
}

// inCluster says err names cluster, once.
func inCluster(cluster string, err error) string {
	msg := providers.Short(err)
	if !strings.Contains(msg, "cluster "+cluster) {
		msg = "cluster " + cluster + ": " + msg
	}
	return msg
}

// kubeTarget holds the flags that place a Kubernetes object.
type kubeTarget struct{ cluster, namespace string }

func (k *kubeTarget) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&k.cluster, "cluster", "", "EKS cluster")
	cmd.Flags().StringVarP(&k.namespace, "namespace", "n", "default", "Kubernetes namespace")
}

func (k *kubeTarget) check() error {
	if k.cluster == "" {
		return usagef("--cluster is required")
	}
	if k.namespace == "" {
		return usagef("--namespace may not be empty")
	}
	return nil
}

// kubeChange completes cmd as the change of one Kubernetes object named
// by its argument: read (after the target flags and check pass) finds the
// object, so an unknown name is refused before anything changes, and plan
// turns it into the action.
func kubeChange[T any](f *flags, cmd *cobra.Command, check func() error,
	read func(ctx context.Context, s *session, cluster, namespace, name string, m *mutateFlags) (T, error),
	plan func(T) (action.Action, error)) *cobra.Command {
	var m mutateFlags
	var k kubeTarget
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := k.check(); err != nil {
			return err
		}
		if err := check(); err != nil {
			return err
		}
		return withSession(cmd, f, &m, func(ctx context.Context, s *session) error {
			obj, err := read(ctx, s, k.cluster, k.namespace, args[0], &m)
			if err != nil {
				return err
			}
			a, err := plan(obj)
			if err != nil {
				return err
			}
			_, err = s.mutate(ctx, a, m)
			return err
		})
	}
	k.add(cmd)
	addMutateFlags(cmd, &m, false)
	return cmd
}

// always is the check of a command with no flags of its own to check.
func always() error { return nil }

func newScaleDeploymentCmd(f *flags) *cobra.Command {
	var replicas string
	cmd := kubeChange(f, &cobra.Command{
		Use:   "deployment DEPLOYMENT --cluster CLUSTER --namespace NS --replicas N",
		Short: "Set a Kubernetes deployment's replicas on EKS (N, +N or -N)",
		Example: `  virga scale deployment payments-api --cluster prod-eks --namespace payments --replicas 5 --yes
  virga scale deployment payments-api --cluster prod-eks -n payments --replicas +1 --wait`,
	}, func() error {
		if replicas == "" {
			return usagef("--replicas is required")
		}
		return nil
	}, readKubeDeployment, func(d providers.KubeDeployment) (action.Action, error) {
		n, err := action.ParseReplicas(replicas, d.Replicas)
		if err != nil {
			return action.Action{}, usagef("--replicas: %s; nothing was changed", err)
		}
		return action.ScaleDeployment(d, n), nil
	})
	cmd.Flags().StringVar(&replicas, "replicas", "", "replicas: N, +N or -N")
	return cmd
}

func newRestartCmd(f *flags) *cobra.Command {
	restart := &cobra.Command{
		Use:   "restart pod|deployment",
		Short: "Restart a pod (delete it; its controller starts another) or rollout-restart a deployment on EKS",
	}
	pod := kubeChange(f, &cobra.Command{
		Use:     "pod POD --cluster CLUSTER [--namespace NS]",
		Short:   "Delete a pod so that its deployment starts a fresh one",
		Example: `  virga restart pod ledger-worker-6rptnkdppg-nt65p --cluster prod-eks --namespace payments --yes`,
	}, always, readPod, func(p providers.Pod) (action.Action, error) { return action.DeletePod(p), nil })
	dep := kubeChange(f, &cobra.Command{
		Use:     "deployment DEPLOYMENT --cluster CLUSTER --namespace NS",
		Short:   "Replace every pod of a deployment, as kubectl rollout restart does",
		Example: `  virga restart deployment hello-api --cluster prod-eks --namespace default --wait`,
	}, always, readKubeDeployment, func(d providers.KubeDeployment) (action.Action, error) {
		return action.RestartDeployment(d), nil
	})
	restart.AddCommand(pod, dep)
	return restart
}
