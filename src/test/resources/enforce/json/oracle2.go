//go:build ignore

package main

import (
	"encoding/json"
	"fmt"
)

type HC struct {
	Privileged bool
	Binds      []string
	Links      []string
	NetworkMode string
}
type W struct {
	Image      string
	HostConfig *HC
}

func main() {
	for _, s := range []string{
		`{"HostConfig":{"Pr\u0131vileged":true}}`,
		`{"HostConfig":{"\uFF30rivileged":true}}`,
		`{"Image":"\udc00\ud83d\ude00"}`,
		`{"HostConfig":{"Binds":["/:/h"],"Binds":[null]}}`,
		`{"HostConfig":{"Networ\u212AMode":"host","Lin\u212As":["a"]}}`,
		`{"HostConfig":{"Memory":-0}}`,
	} {
		var w W
		err := json.Unmarshal([]byte(s), &w)
		fmt.Printf("%s => err=%v image=%q hc=%#v\n", s, err, w.Image, w.HostConfig)
	}
}
