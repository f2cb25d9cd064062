package invokeview_test

import tea "charm.land/bubbletea/v2"

var keyX = tea.KeyPressMsg{Code: 'x', Text: "x"}
