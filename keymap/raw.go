package keymap

import "charm.land/bubbles/v2/key"

// Raw bindings work in the raw view of a resource (the API's document):
// copy what identifies it and search its text. None changes AWS state.
type Raw struct {
	CopyARN  key.Binding
	CopyName key.Binding
	Console  key.Binding
	Search   key.Binding
	Next     key.Binding
	Prev     key.Binding
}

func defaultRaw() Raw {
	return Raw{
		CopyARN:  b([]string{"c"}, "c", "copy ARN"),
		CopyName: b([]string{"C"}, "C", "copy name"),
		Console:  b([]string{"o"}, "o", "copy console URL"),
		Search:   b([]string{"/"}, "/", "search"),
		Next:     b([]string{"n"}, "n", "next match"),
		Prev:     b([]string{"N"}, "N", "previous match"),
	}
}

// rawContext lists the raw view's bindings by the names the config file
// uses ("raw.copy_name").
func (km *KeyMap) rawContext() Context {
	r := &km.Raw
	return Context{Name: "raw", Bindings: map[string]*key.Binding{
		"copy_arn": &r.CopyARN, "copy_name": &r.CopyName, "console": &r.Console,
		"search": &r.Search, "next": &r.Next, "prev": &r.Prev,
	}}
}
