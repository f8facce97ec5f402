// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl;

return CtlProgram.Run(args);
