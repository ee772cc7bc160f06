// Package deploy holds site.sh, which uploads the built site to a deployed stack (make
// deploy-site), and the test that runs it against a stand-in for the AWS CLI.
package deploy
