package server_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
)

// DescribeTasks carries enableExecuteCommand as the simulated account
// sets it: on for some services, off for others.
func TestECSTasksExecEnabled(t *testing.T) {
	e := newEnv(t)
	c := e.ecs()
	for svc, want := range map[string]bool{"email-worker": true, "pdf-renderer": false} {
		lt, err := c.ListTasks(ctx(t), &ecs.ListTasksInput{Cluster: aws.String("prod-workers"), ServiceName: aws.String(svc)})
		if err != nil || len(lt.TaskArns) == 0 {
			t.Fatalf("ListTasks %s: %v %v", svc, lt, err)
		}
		dt, err := c.DescribeTasks(ctx(t), &ecs.DescribeTasksInput{Cluster: aws.String("prod-workers"), Tasks: lt.TaskArns})
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range dt.Tasks {
			if task.EnableExecuteCommand != want {
				t.Errorf("%s task %s: enableExecuteCommand = %v, want %v", svc, aws.ToString(task.TaskArn), task.EnableExecuteCommand, want)
			}
		}
	}
}
