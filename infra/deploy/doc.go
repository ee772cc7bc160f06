// Package deploy holds site.sh, which uploads the built site to a deployed stack.
//
// site.sh is what make deploy-site runs; the test runs it against a stand-in for the AWS CLI.
package deploy
