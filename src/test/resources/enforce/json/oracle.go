package main

import (
	"encoding/json"
	"fmt"
)

type StrSlice []string

func (e *StrSlice) UnmarshalJSON(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	p := make([]string, 0, 1)
	if err := json.Unmarshal(b, &p); err != nil {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		p = append(p, s)
	}
	*e = p
	return nil
}

type HC struct {
	Privileged  bool
	CapAdd      StrSlice
	Binds       []string
	SecurityOpt []string
	NetworkMode string
}
type Config struct {
	Image string
	User  string
}
type W struct {
	*Config
	InnerHostConfig *HC `json:"HostConfig,omitempty"`
	*HC
}

func try(s string) {
	var w W
	err := json.Unmarshal([]byte(s), &w)
	fmt.Printf("%s\n  => err=%v cfg=%+v inner=%+v legacy=%+v\n", s, err, w.Config, w.InnerHostConfig, w.HC)
}
func main() {
	try(`{"HostConfig":{"Bind\u017F":["/:/h"],"\u017FecurityOpt":["x"],"Net\u212AorkMode":"host"}}`)
	try(`{"HostConfig":{"CapAdd":"SYS_ADMIN"}}`)
	try(`{"HostConfig":{"CapAdd":["A"],"CapAdd":null}}`)
	try(`{"HostConfig":{"CapAdd":["A","B"],"CapAdd":[null]}}`)
	try(`{"Image":"x","Privileged":true}`)
	try(`{"Image":"x","Privileged":null}`)
	try(`{"Image":"x","HostConfig":{"Privileged":false},"privileged":true}`)
	try(`{"Image":"x","HostConfig":{"CapAdd":["A"],"CapAdd":5}}`)
	try(`{"Image":"x"} {"HostConfig":{}}`)
	try(`{"Image":"x","Image":null}`)
}
