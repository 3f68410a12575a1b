import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd';
import { App } from './App.tsx';

// antd 5 renders its wave effect and static popups with the legacy ReactDOM.render, which
// React 19 removed; this is what @ant-design/v5-patch-for-react-19 does, without the package.
unstableSetRender((node, container) => {
  const host = container as Element & { _lxRoot?: Root };
  host._lxRoot ??= createRoot(host);
  const root = host._lxRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete host._lxRoot;
  };
});

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
